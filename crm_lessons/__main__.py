"""``python -m crm_lessons`` is the ``crm-lessons`` command."""

import sys

from crm_lessons.cli import main

sys.exit(main())
