#!/usr/bin/env python
"""Same as the `keyloop` command."""

from keyloop.cli import main

if __name__ == "__main__":
    main()
