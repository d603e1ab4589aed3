"""The command line: a thin adapter from options to one library call each.

Each command lives in its own `cmd_*.py` module, imported only when that command runs, so
`perfreg-xlsx --help` starts without loading openpyxl, xlsxwriter or pydantic.
"""

from __future__ import annotations

import importlib

import click

from perfreg_xlsx import __version__

# name -> (module, attribute, one-line help shown by --help without importing the module)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "template": ("template", "template", "Write the questionnaire (and one copy per network)."),
    "fields": ("fields", "fields", "Print the field map: every answer cell of the form."),
    "validate": ("validate", "validate", "Check every returned questionnaire in a folder."),
    "aggregate": ("aggregate", "aggregate", "Write the report workbook from the inputs."),
    "profiles": ("profiles", "profiles", "Write one feedback workbook per network."),
    "status": ("status", "status", "Show where the survey round stands, network by network."),
    "definition": ("definition", "definition", "Check or write the survey definition workbook."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(f"{__package__}.{spec[0]}")
        command = getattr(module, spec[1])
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Use the short help declared above so that --help imports no command module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, spec[2]) for name, spec in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perfreg-xlsx")
def cli() -> None:
    """Questionnaires, validation and the yearly performance report of the Danish
    innovation networks, offline, in Excel files.

    The yearly cycle: `template` -> networks fill in -> `validate` -> `aggregate`.
    Paths are relative to the current folder (the project folder).
    """


def main() -> None:
    cli(prog_name="perfreg-xlsx")


if __name__ == "__main__":  # pragma: no cover
    main()
