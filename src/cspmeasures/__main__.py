"""``python -m cspmeasures``: the command line, through the console script's first step
(so that Ctrl-C while the library loads exits 130 with no traceback)."""

from _cspmeasures_cli import run

if __name__ == "__main__":
    run()
