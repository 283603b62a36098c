from lib.util import double
import sys
print(double(int(sys.argv[-1])))
