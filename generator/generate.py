#!/usr/bin/python3
"""revring-cpp generator: OpenAPI 3.1 description -> C++20 headers.

    python3 generator/generate.py --spec openapi/revring.yaml --out build/include/revring/gen

See generator/README.md. Needs Python 3.9+ with jinja2 and PyYAML
(Debian: python3-jinja2 python3-yaml).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    from revring_gen.cli import main
except ImportError as exc:  # jinja2 / yaml missing
    sys.stderr.write(f"error: {exc}; the generator needs python3 with jinja2 and PyYAML "
                     "(Debian: apt-get install python3-jinja2 python3-yaml)\n")
    sys.exit(2)

if __name__ == "__main__":
    main()
