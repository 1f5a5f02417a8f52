import os

from piccolo.conf.apps import AppConfig

from hotline.callcentre import tables
from hotline.callcentre.quality import tables as quality

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="callcentre",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[
        tables.CallCentreEvent,
        tables.CallCentreDay,
        tables.CallCentreDayInterval,
        tables.CallCentreDayOfficer,
        tables.Shift,
        quality.QualitySample,
        quality.QualityDraw,
        quality.QualityCalibration,
        quality.QualityCalibrator,
        quality.QualityEvaluation,
        quality.QualityStep,
    ],
    migration_dependencies=["hotline.transparency.piccolo_app"],
    commands=[],
)
