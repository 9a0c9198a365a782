"""SCAFFOLD (replace): the servex pytest plugin for plugin authors."""
