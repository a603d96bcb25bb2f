from django.apps import AppConfig


class CliCommandsConfig(AppConfig):
    name = "fourpillars.cli_commands"
    label = "cli_commands"
