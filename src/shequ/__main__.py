"""``python -m shequ``."""

from shequ.cli import main

if __name__ == "__main__":
    main()
