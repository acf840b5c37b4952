"""Every rule component, in calendar order: within a moment, components act in this order."""

from .base_pay import BasePay
from .discipline_events import DisciplineEvents
from .exit_subsidy import ExitSubsidy
from .first_secretaries import FirstSecretaries
from .full_time_cadres import FullTimeCadres
from .mentoring import Mentoring
from .party_members import PartyMemberDuties
from .pension import Pension
from .performance_pay import PerformancePay, PerformancePayCarryIn
from .points_systems import PointsSystems
from .recruitment import Recruitment
from .retirement_subsidy import RetirementSubsidy
from .star_rating import StarRating

CATALOGUE = (
    PerformancePayCarryIn,
    BasePay, RetirementSubsidy,  # month_pay: standing payments booked in January
    FullTimeCadres, ExitSubsidy,  # month_pay, month, quarter, year_pay
    PartyMemberDuties, PointsSystems, FirstSecretaries,  # month (and half_year, year_report)
    DisciplineEvents,  # events
    StarRating, Mentoring,  # rating
    PerformancePay, Pension,  # year_pay
    Recruitment,  # year_pay, after the year's pay (and month_pay)
)
