"""cspmeasures: declarative, typed performance measures for Community Safety Partnerships."""

from cspmeasures.errors import (
    ActualsError,
    CalculationError,
    CatalogueError,
    CspMeasuresError,
    PeriodError,
    Problem,
)
from cspmeasures.vocabulary import RAG, Polarity, Status

__version__ = "0.1.0"

__all__ = [
    "RAG",
    "ActualsError",
    "CalculationError",
    "CatalogueError",
    "CspMeasuresError",
    "PeriodError",
    "Polarity",
    "Problem",
    "Status",
    "__version__",
]
