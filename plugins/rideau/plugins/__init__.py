"""The Pelican plugins of a build, each loaded by dotted name from PLUGINS in pelicanconf.py."""
