import subprocess
import sys

import mentorlib
import mentorlib.model


def test_import_is_cheap_and_loads_no_heavy_dependency():
    code = (
        "import sys, mentorlib; "
        "heavy = [m for m in ('ortools', 'pandas', 'numpy', 'pycountry') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
    assert result.stderr == ""


def test_public_names_are_documented_and_shown_under_public_modules():
    for module in (mentorlib, mentorlib.model):
        for name in module.__all__:
            obj = getattr(module, name)
            if name.startswith("__"):
                continue
            assert obj.__doc__, f"{module.__name__}.{name} has no docstring"
            assert not getattr(obj, "__module__", "mentorlib").split(".")[-1].startswith("_"), name


def test_errors_subclass_the_builtins_callers_catch():
    assert issubclass(mentorlib.ValidationError, ValueError)
    assert issubclass(mentorlib.DuplicateIdError, mentorlib.ValidationError)
    assert issubclass(mentorlib.UnknownIdError, LookupError)
    for error in (mentorlib.ValidationError, mentorlib.UnknownIdError):
        assert issubclass(error, mentorlib.MentorlibError)


def test_package_ships_py_typed():
    from importlib.resources import files

    assert files("mentorlib").joinpath("py.typed").is_file()
