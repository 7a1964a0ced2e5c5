from runstrength.cli import main

main()
