"""Data sets: SocioPatterns loaders (local, cached or downloaded), bundled tables and the
seeded simulators behind the bundled example."""

from .bundled import (
    EXAMPLE_SEED,
    example_paths,
    load_example,
    load_example_survey,
    load_race_mixing,
    write_example,
)
from .programme import SimulatedProgramme, simulate_programme
from .simulate import SimulatedContacts, SimulatedSurvey, simulate_contacts, simulate_survey
from .sociopatterns import load_highschool_2013, load_primaryschool_2009, load_workplace_2013
from .survey import SimulatedDiarySurvey, simulate_diary_survey

__all__ = [
    "EXAMPLE_SEED",
    "SimulatedContacts",
    "SimulatedDiarySurvey",
    "SimulatedProgramme",
    "SimulatedSurvey",
    "example_paths",
    "load_example",
    "load_example_survey",
    "load_highschool_2013",
    "load_primaryschool_2009",
    "load_race_mixing",
    "load_workplace_2013",
    "simulate_contacts",
    "simulate_diary_survey",
    "simulate_programme",
    "simulate_survey",
    "write_example",
]
