import os

from piccolo.conf.apps import AppConfig

from hotline.directory import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="directory",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[
        tables.Region,
        tables.Calendar,
        tables.CalendarOverride,
        tables.Agency,
        tables.SlaPolicy,
        tables.Category,
        tables.AgencySlaPolicy,
        tables.RoutingRule,
        tables.AdminChange,
        tables.ServiceOperator,
    ],
    migration_dependencies=[],
    commands=[],
)
