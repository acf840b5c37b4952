"""Regenerate `china_2020_gompertz_makeham.csv`: a Gompertz–Makeham fit to China's 2020 life expectancies.

This is NOT a published life table. No published Chinese table by single age and sex could be
obtained where this toolkit was built, so the shipped table is a clearly labelled parametric fit:
the Makeham term and the Gompertz slope are assumptions, and the Gompertz level of each sex is
solved so that the table's life expectancy at birth equals the published 2020 value. Replace the
CSV with a published table (same columns) when one is at hand; `docs/budget.md` says how.

Run: python -m simtoolkit.world.data.make_life_table
"""

from __future__ import annotations

from pathlib import Path

from simtoolkit.world.lifetable import fit_gompertz_makeham, write_life_table

# Published targets: life expectancy at birth in 2020 by sex (第七次全国人口普查, 2020 census).
E0_MALE, E0_FEMALE = 75.37, 80.88
# Assumptions: background (Makeham) hazard, and a Gompertz slope of 0.09 (mortality doubling
# about every 7.7 years of age, the usual range for adult human mortality); last age of the table.
MAKEHAM, SLOPE, LAST_AGE = 0.0005, 0.09, 110

SOURCE = [
    "Gompertz-Makeham fit (NOT a published life table): hazard mu(x) = A + B*exp(b*x), q(x) = 1 - exp(-integral over [x, x+1))",
    f"A = {MAKEHAM} (assumption), b = {SLOPE} (assumption), B solved per sex so that e0 matches the published 2020 value",
    f"targets: e0 male {E0_MALE}, female {E0_FEMALE} years (China 2020 population census, National Bureau of Statistics)",
    f"q({LAST_AGE}) = 1 (table closes); regenerate with: python -m simtoolkit.world.data.make_life_table",
]


def main() -> None:
    """Fit both sexes and write the table beside this script."""
    male = fit_gompertz_makeham(MAKEHAM, SLOPE, E0_MALE, LAST_AGE)
    female = fit_gompertz_makeham(MAKEHAM, SLOPE, E0_FEMALE, LAST_AGE)
    write_life_table(Path(__file__).with_name("china_2020_gompertz_makeham.csv"), male, female, SOURCE)


if __name__ == "__main__":
    main()
