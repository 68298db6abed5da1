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


def test_public_names_are_documented():
    import mentorlib.matching
    import mentorlib.matching.rules
    import mentorlib.samples

    modules = (
        mentorlib,
        mentorlib.model,
        mentorlib.matching,
        mentorlib.matching.rules,
        mentorlib.samples,
    )
    for module in modules:
        assert module.__doc__
        for name in module.__all__:
            if name.startswith("__"):
                continue
            obj = getattr(module, name)
            assert getattr(obj, "__doc__", None), f"{module.__name__}.{name} has no docstring"


def test_errors_show_under_the_name_users_catch_them_by():
    import mentorlib.matching

    for error in (
        mentorlib.ValidationError,
        mentorlib.DuplicateIdError,
        mentorlib.UnknownIdError,
        mentorlib.MentorlibError,
    ):
        assert error.__module__ == "mentorlib"
    for error in (mentorlib.matching.InfeasibleError, mentorlib.matching.RuleError):
        assert error.__module__ == "mentorlib.matching"


def test_annotations_of_public_types_resolve():
    import typing

    import mentorlib.matching

    for module in (mentorlib.model, mentorlib.matching):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type):
                typing.get_type_hints(obj)


def test_errors_subclass_the_builtins_callers_catch():
    assert issubclass(mentorlib.ValidationError, ValueError)
    assert issubclass(mentorlib.DuplicateIdError, mentorlib.ValidationError)
    assert issubclass(mentorlib.UnknownIdError, LookupError)
    for error in (mentorlib.ValidationError, mentorlib.UnknownIdError):
        assert issubclass(error, mentorlib.MentorlibError)


def test_package_ships_py_typed():
    from importlib.resources import files

    assert files("mentorlib").joinpath("py.typed").is_file()
