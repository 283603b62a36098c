"""The scoring example's own package: it reaches the container as a folder of the source tree."""
