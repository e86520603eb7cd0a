"""``python -m cspmeasures``: the command line."""

from cspmeasures.launch import entry_point

if __name__ == "__main__":
    entry_point()
