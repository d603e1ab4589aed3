"""Make the sample inputs: filled 2012 questionnaires that reproduce the published report.

Run from the project folder:

    PYTHONPATH=src python scripts/make_sample_inputs.py                  # all 54, as in inputs/
    PYTHONPATH=src python scripts/make_sample_inputs.py --networks-only  # the 22 networks alone

It reads the published figures (history/bilag1_2007_2012.csv, history/other_published_figures.csv)
and the register (templates/networks.csv), solves made-up per-network answers whose aggregate
equals the published 2012 figures at their printed precision (samples), writes the
blank 2012 questionnaire to a temporary folder and fills one copy per network into
inputs/<short_name>_2012.xlsx. The 32 other clusters are filled into the cluster questionnaire;
together with the networks they give the landscape totals of appendix 3 (54 organisations).

Deterministic: the answers come from a fixed seed and the workbooks carry fixed dates, so a
second run writes the same bytes (it prints a SHA-256 of every file to compare). Never edit the
files in inputs/ by hand; change the generator and run it again.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

from samples import parse_published, published_conflicts, sample_answers

from perfreg_xlsx.errors import PerfregError
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import form_filename, template_filename, write_template
from perfreg_xlsx.survey.registry import load_register
from perfreg_xlsx.survey.types import Programme

YEAR = 2012


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--networks-only",
        action="store_true",
        help="fill only the 22 innovation networks (default: also the 32 other clusters)",
    )
    # The clusters used to need this flag; they are now the default. Kept so that old
    # instructions still work.
    parser.add_argument("--clusters", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=Path("inputs"), help="default: inputs/")
    parser.add_argument("--history", type=Path, default=Path("history"))
    parser.add_argument("--register", type=Path, default=Path("templates/networks.csv"))
    args = parser.parse_args(argv)
    try:
        register = load_register(args.register)
        published = parse_published(
            (args.history / "bilag1_2007_2012.csv").read_text("utf-8"),
            (args.history / "other_published_figures.csv").read_text("utf-8"),
            YEAR,
        )
        if args.networks_only and args.clusters:
            raise ValueError("--networks-only and --clusters contradict each other")
        clusters = not args.networks_only
        answers = sample_answers(register, published, clusters=clusters)
        programmes = [Programme.NETWORK] + ([Programme.CLUSTER] if clusters else [])
        with tempfile.TemporaryDirectory() as tmp:
            for programme in programmes:
                template = Path(tmp) / template_filename(programme, YEAR)
                write_template(template, YEAR, programme, register=register)
                for network in register.of(programme):
                    dest = args.out / form_filename(network, YEAR)
                    fill_form(template, dest, answers[network.short_name], programme)
                    digest = hashlib.sha256(dest.read_bytes()).hexdigest()
                    print(f"{digest[:16]}  {dest}")
    except (PerfregError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(answers)} questionnaires to {args.out}/")
    for conflict in published_conflicts(published, len(register.of(Programme.NETWORK))):
        print(f"note: cannot reproduce {conflict}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
