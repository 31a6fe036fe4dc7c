"""``python -m strife.spark INPUT OUTPUT`` / ``spark-submit .../strife/spark/__main__.py INPUT OUTPUT``."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="strife.spark", description=(
        "Extract events from articles (Parquet or JSON Lines) with Spark; write Parquet "
        "(OUTPUT/articles, OUTPUT/reports) for `strife load-parquet`."))
    parser.add_argument("--input", "-i", required=True, help="Parquet dir/file or JSON Lines, any Spark URI")
    parser.add_argument("--output", "-o", required=True, help="output directory (any Spark URI)")
    parser.add_argument("--master", default=None,
                        help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    parser.add_argument("--format", choices=("parquet", "json"), default=None,
                        help="input format (default: from the suffix; directories are Parquet)")
    parser.add_argument("--model", default=None, help="spaCy model package (default STRIFE_MODEL or en_core_web_sm)")
    parser.add_argument("--partitions", type=int, default=None, help="minimum number of partitions")
    args = parser.parse_args(argv)

    from strife.spark.job import run

    options = {"model": args.model} if args.model else {}
    summary = run(args.input, args.output, master=args.master, fmt=args.format, options=options,
                  partitions=args.partitions)
    print(f"{summary.articles} articles, {summary.reports} reports, {summary.failed} failed "
          f"-> {summary.output}/articles, {summary.output}/reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
