"""``python -m policykg`` is the ``policykg`` command."""
from policykg.cli import main

main()
