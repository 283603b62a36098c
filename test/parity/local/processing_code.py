import sys
print("processing", *sys.argv[1:])
