"""Allow ``python -m huabei_guide``."""

from huabei_guide.cli import main

main()
