import subprocess
import sys

from click.testing import CliRunner

from subs.cli import COMMANDS, cli


def test_help_lists_every_command_that_exists() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("\nCommands:\n", 1)[1]  # rows wrap: compare the words
    assert " ".join(listed.split()) == " ".join(f"{name} {COMMANDS[name][2]}"
                                                for name in sorted(COMMANDS))


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None, f"{name} does not resolve to a command"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert result.output.startswith(f"Usage: cli {name} "), (name, result.output)
        assert command.help or command.short_help, f"{name} has no help text"


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.output


def test_help_imports_no_heavy_library() -> None:
    code = ("import sys; from subs.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('faster_whisper', 'ctranslate2', 'pysubs2', 'argostranslate',"
            " 'selenium', 'langcodes', 'charset_normalizer') if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stderr
