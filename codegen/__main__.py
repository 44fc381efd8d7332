import sys

from natloss.codegen.cli import main

sys.exit(main())
