"""End-to-end cases: tests/cases/<name>/spec.yaml -> expected output.

A case holds either `expected/` (types.hpp, encode.hpp, json.hpp, operations.hpp and
model.json, the dumped intermediate model) or `stderr.txt` (the exact
diagnostics of a failing generation). Optional files: `args` (extra CLI
arguments, one per line), `check.cpp` (compiled with the expected headers:
static_asserts about the generated API), `run.cpp` (compiled, linked and
run; must exit 0).

The expected headers are themselves compiled, so a golden file that does
not compile cannot be committed.

    REVRING_UPDATE_GOLDEN=1 python3 -m unittest discover -s generator/tests -t generator

rewrites the expected files from the current generator (review the diff!).
"""

import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from revring_gen import cli, render

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(TESTS_DIR, "cases")
GENERATOR_DIR = os.path.dirname(TESTS_DIR)
REPO_DIR = os.path.dirname(GENERATOR_DIR)
INCLUDE_DIR = os.path.join(REPO_DIR, "include")
UPDATE = os.environ.get("REVRING_UPDATE_GOLDEN") == "1"
OUTPUTS = list(render.OUTPUTS) + ["model.json"]
COMPILERS = [c for c in ("g++", "clang++") if shutil.which(c)]
BOOST_LIBS = ["-lboost_json", "-lboost_container"]


def case_names():
    return sorted(n for n in os.listdir(CASES_DIR) if os.path.isfile(os.path.join(CASES_DIR, n, "spec.yaml")))


def case_args(case_dir):
    path = os.path.join(case_dir, "args")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def arg_value(args, name, default):
    return args[args.index(name) + 1] if name in args else default


def generate(case_dir, out_dir):
    """Runs the generator for a case; returns (code, stderr, {file: text})."""
    err = io.StringIO()
    model_path = os.path.join(out_dir, "model.json")
    code = cli.run(["--spec", os.path.join(case_dir, "spec.yaml"), "--spec-label", "spec.yaml",
                    "--out", out_dir, "--dump-model", model_path, *case_args(case_dir)],
                   stdout=io.StringIO(), stderr=err)
    files = {}
    for name in OUTPUTS:
        path = os.path.join(out_dir, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                files[name] = f.read()
    return code, err.getvalue(), files


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


class GoldenCases(unittest.TestCase):
    def test_cases(self):
        names = case_names()
        self.assertGreater(len(names), 0)
        for name in names:
            with self.subTest(case=name):
                self.check_case(name)

    def check_case(self, name):
        case_dir = os.path.join(CASES_DIR, name)
        expected_dir = os.path.join(case_dir, "expected")
        stderr_path = os.path.join(case_dir, "stderr.txt")
        with tempfile.TemporaryDirectory() as tmp:
            code, err, files = generate(case_dir, tmp)
        self.assertNotIn("Traceback", err)
        if UPDATE:
            if code == 0:
                for file_name, text in files.items():
                    write(os.path.join(expected_dir, file_name), text)
                if os.path.exists(stderr_path):
                    os.unlink(stderr_path)
            else:
                write(stderr_path, err)
                shutil.rmtree(expected_dir, ignore_errors=True)
            return
        if os.path.exists(stderr_path):
            self.assertEqual(code, 1, f"expected a failure, generation succeeded:\n{err}")
            self.assertEqual(err, read(stderr_path))
            self.assertEqual([f for f in files if f != "model.json"], [], "a failed generation wrote headers")
            return
        self.assertTrue(os.path.isdir(expected_dir), f"case {name} has neither expected/ nor stderr.txt")
        self.assertEqual(code, 0, err)
        for file_name in OUTPUTS:
            self.assertEqual(files.get(file_name), read(os.path.join(expected_dir, file_name)),
                             f"{name}/{file_name} differs from the golden file "
                             "(REVRING_UPDATE_GOLDEN=1 rewrites it)")

    def test_every_case_has_expectations(self):
        for name in case_names():
            case_dir = os.path.join(CASES_DIR, name)
            with self.subTest(case=name):
                has_expected = os.path.isdir(os.path.join(case_dir, "expected"))
                has_stderr = os.path.exists(os.path.join(case_dir, "stderr.txt"))
                self.assertTrue(has_expected != has_stderr, "exactly one of expected/ and stderr.txt")
                if has_stderr:
                    text = read(os.path.join(case_dir, "stderr.txt"))
                    self.assertRegex(text, r"^error: spec\.yaml#[^:]*: ", "diagnostics have a level and a location")


def valid_cases():
    return [n for n in case_names() if os.path.isdir(os.path.join(CASES_DIR, n, "expected"))]


class GoldenCompile(unittest.TestCase):
    """The committed golden headers compile (and their check.cpp holds)."""

    def stage(self, name, tmp):
        case_dir = os.path.join(CASES_DIR, name)
        prefix = arg_value(case_args(case_dir), "--include-prefix", "revring/gen")
        for file_name in render.OUTPUTS:
            shutil.copy(os.path.join(case_dir, "expected", file_name), os.path.join(self.mkdir(tmp, prefix), file_name))
        main = os.path.join(tmp, "main.cpp")
        lines = [f"#include <{prefix}/{f}>" for f in render.OUTPUTS]
        lines.append("#include <revring/json/decode.hpp>")
        check = os.path.join(case_dir, "check.cpp")
        if os.path.exists(check):
            lines.append(f'#include "{check}"')
        lines.append("int main() { return 0; }")
        write(main, "\n".join(lines) + "\n")
        return main

    @staticmethod
    def mkdir(tmp, prefix):
        path = os.path.join(tmp, *prefix.split("/"))
        os.makedirs(path, exist_ok=True)
        return path

    def compile(self, compiler, args):
        proc = subprocess.run([compiler, "-std=c++20", "-Wall", "-Wextra", "-Werror", "-I", INCLUDE_DIR, *args],
                              capture_output=True, text=True, timeout=600)
        self.assertEqual(proc.returncode, 0, f"{compiler} failed:\n{proc.stderr[-6000:]}")

    @unittest.skipUnless(COMPILERS, "no C++ compiler (g++/clang++) installed")
    def test_golden_headers_compile(self):
        for name in valid_cases():
            for compiler in COMPILERS:
                with self.subTest(case=name, compiler=compiler), tempfile.TemporaryDirectory() as tmp:
                    main = self.stage(name, tmp)
                    self.compile(compiler, ["-fsyntax-only", "-I", tmp, main])

    @unittest.skipUnless(shutil.which("g++"), "g++ is not installed")
    def test_run_programs(self):
        for name in valid_cases():
            run_cpp = os.path.join(CASES_DIR, name, "run.cpp")
            if not os.path.exists(run_cpp):
                continue
            with self.subTest(case=name), tempfile.TemporaryDirectory() as tmp:
                self.stage(name, tmp)
                exe = os.path.join(tmp, "run")
                self.compile("g++", ["-O0", "-I", tmp, run_cpp, "-o", exe, *BOOST_LIBS])
                proc = subprocess.run([exe], capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)


class Determinism(unittest.TestCase):
    CASE = os.path.join(CASES_DIR, "small-api")

    def run_subprocess(self, out_dir, spec_path, hash_seed):
        env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
        proc = subprocess.run([sys.executable, os.path.join(GENERATOR_DIR, "generate.py"), "--spec", spec_path,
                               "--spec-label", "spec.yaml", "--out", out_dir,
                               "--dump-model", os.path.join(out_dir, "model.json")],
                              capture_output=True, text=True, env=env, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = {}
        for n in OUTPUTS:
            with open(os.path.join(out_dir, n), "rb") as f:
                out[n] = f.read()
        return out

    def test_byte_identical(self):
        """Same spec bytes -> same output: no hash order, time or path leaks in."""
        with tempfile.TemporaryDirectory() as tmp:
            spec_copy = os.path.join(tmp, "elsewhere", "copy.yaml")
            os.makedirs(os.path.dirname(spec_copy))
            shutil.copy(os.path.join(self.CASE, "spec.yaml"), spec_copy)
            a = self.run_subprocess(os.path.join(tmp, "a"), os.path.join(self.CASE, "spec.yaml"), 1)
            b = self.run_subprocess(os.path.join(tmp, "b"), spec_copy, 4242)
        self.assertEqual(a, b)
        for name, data in a.items():
            self.assertNotIn(tmp.encode(), data, name)
            self.assertNotIn(REPO_DIR.encode(), data, name)


class WriteIfChanged(unittest.TestCase):
    def test_unchanged_files_keep_their_mtime(self):
        spec_src = os.path.join(CASES_DIR, "small-api", "spec.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            spec = os.path.join(tmp, "spec.yaml")
            shutil.copy(spec_src, spec)
            out = os.path.join(tmp, "out")
            argv = ["--spec", spec, "--out", out, "--depfile", os.path.join(tmp, "gen.d")]
            self.assertEqual(cli.run(argv, stderr=io.StringIO()), 0)
            past = 1_000_000_000
            for name in render.OUTPUTS:
                os.utime(os.path.join(out, name), ns=(past * 10**9, past * 10**9))
            self.assertEqual(cli.run(argv, stderr=io.StringIO()), 0)
            for name in render.OUTPUTS:
                self.assertEqual(os.stat(os.path.join(out, name)).st_mtime_ns, past * 10**9, name)
            # any edit of the spec changes the banner's hash, so every file is rewritten
            text = read(spec).replace("operationId: deleteWidget", "operationId: removeWidget")
            write(spec, text)
            self.assertEqual(cli.run(argv, stderr=io.StringIO()), 0)
            for name in render.OUTPUTS:
                self.assertNotEqual(os.stat(os.path.join(out, name)).st_mtime_ns, past * 10**9, name)
            self.assertIn("remove_widget_op", read(os.path.join(out, "operations.hpp")))
            for name in os.listdir(out):
                self.assertFalse(name.startswith(".tmp-"), "temporary file left behind")

    def test_files_are_readable(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            cli.run(["--spec", os.path.join(CASES_DIR, "small-api", "spec.yaml"), "--out", out], stderr=io.StringIO())
            mode = os.stat(os.path.join(out, "types.hpp")).st_mode & 0o777
            self.assertEqual(mode & 0o044, 0o044 & ~_umask(), oct(mode))


def _umask():
    u = os.umask(0)
    os.umask(u)
    return u


class Depfile(unittest.TestCase):
    def test_lists_spec_templates_and_modules(self):
        spec = os.path.join(CASES_DIR, "small-api", "spec.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "my out")  # a space must be escaped
            dep = os.path.join(tmp, "gen.d")
            self.assertEqual(cli.run(["--spec", spec, "--out", out, "--depfile", dep], stderr=io.StringIO()), 0)
            text = read(dep)
        first_line = text.splitlines()[0]
        self.assertEqual(first_line, os.path.join(tmp, "my\\ out", "types.hpp") + ": \\")
        deps = [line.strip().rstrip("\\").strip() for line in text.splitlines()[1:]]
        self.assertIn(os.path.abspath(spec), deps)
        self.assertIn(os.path.join(GENERATOR_DIR, "generate.py"), deps)
        modules = [f for f in os.listdir(os.path.join(GENERATOR_DIR, "revring_gen")) if f.endswith(".py")]
        templates = os.listdir(os.path.join(GENERATOR_DIR, "revring_gen", "templates"))
        self.assertGreaterEqual(len(modules), 10)
        for f in modules:
            self.assertIn(os.path.join(GENERATOR_DIR, "revring_gen", f), deps)
        for f in templates:
            self.assertIn(os.path.join(GENERATOR_DIR, "revring_gen", "templates", f), deps)


class ProjectDescription(unittest.TestCase):
    SPEC = os.path.join(REPO_DIR, "openapi", "revring.yaml")

    @unittest.skipUnless(os.path.exists(SPEC), "openapi/revring.yaml is not there")
    def test_project_spec_generates(self):
        with tempfile.TemporaryDirectory() as tmp:
            err = io.StringIO()
            code = cli.run(["--spec", self.SPEC, "--spec-label", "openapi/revring.yaml", "--out", tmp], stderr=err)
        self.assertEqual(code, 0, err.getvalue())
        self.assertEqual(err.getvalue(), "", "the project description produces warnings")


if __name__ == "__main__":
    unittest.main()
