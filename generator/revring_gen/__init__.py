"""revring-cpp code generator: OpenAPI 3.1 (a documented subset) -> C++20 headers.

Pipeline, one module per stage:

    loader   read bytes, parse YAML (1.2 core scalars), resolve local $refs,
             check the supported subset (subset.py)       -> plain Python data
    lower    analyse the description into a frozen model that already holds
             every C++ spelling (model.py, names.py, regex.py, cppstr.py)
    render   fill dumb jinja2 templates from the model     -> file texts
    writer   write only files whose bytes changed; write the depfile

Every problem is reported as a `Diagnostic` (level, location, message); no
stage skips anything silently.
"""
