from helpers import normalize
print(normalize(" Spark "))
