#!/usr/bin/env python
from zhenggai.cli import main

if __name__ == "__main__":
    main()
