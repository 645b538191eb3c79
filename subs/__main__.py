from subs.cli import main

main()
