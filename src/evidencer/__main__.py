"""``python -m evidencer``: the same as the ``evidencer`` command.

Kept to one line of work so both entry points behave identically.
"""

from evidencer.cli.main import main

main()
