import sys

from gpedu.cli import main

sys.exit(main())
