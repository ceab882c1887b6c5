"""The planted personas of the demo data and the population they skew.

Data only, no drawing: the generator (``demo_data``) reads these tables.

* Demographic categories (``AGE_BANDS``, ``GENDERS``, ``INCOME_BANDS``, ``LOCATIONS``,
  ``LANGUAGES``, ``EDUCATION_LEVELS``, ``DEVICES``, ``INTERESTS``) with their
  population-wide base weights; a persona multiplies them.
* ``HOUR_PROFILES``: the relative weight of each UTC hour for session starts.
* ``Persona`` and ``PERSONAS``: each persona's share of users, session rhythm, engagement,
  advertising behaviour and demographic skews.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AGE_BANDS",
    "DEVICES",
    "EDUCATION_LEVELS",
    "GENDERS",
    "HOUR_PROFILES",
    "INCOME_BANDS",
    "INTERESTS",
    "INTEREST_COUNT_PROBABILITIES",
    "LANGUAGES",
    "LOCATIONS",
    "PERSONAS",
    "Persona",
]

# Demographic categories with their population-wide base weights. Personas multiply these.
AGE_BANDS: dict[tuple[int, int], float] = {
    (18, 24): 0.16,
    (25, 34): 0.24,
    (35, 44): 0.20,
    (45, 54): 0.17,
    (55, 64): 0.13,
    (65, 75): 0.10,
}
GENDERS: dict[str, float] = {"Female": 0.49, "Male": 0.49, "Non-binary": 0.02}
INCOME_BANDS: dict[str, float] = {
    "0-20k": 0.15,
    "20k-40k": 0.22,
    "40k-60k": 0.22,
    "60k-80k": 0.17,
    "80k-100k": 0.12,
    "100k+": 0.12,
}
LOCATIONS: dict[str, float] = {"Urban": 0.45, "Suburban": 0.35, "Rural": 0.20}
LANGUAGES: dict[str, float] = {"English": 0.40, "Hindi": 0.20, "Mandarin": 0.20, "Spanish": 0.20}
EDUCATION_LEVELS: dict[str, float] = {
    "High School": 0.30,
    "Bachelor": 0.30,
    "Master": 0.15,
    "PhD": 0.05,
    "Technical": 0.20,
}
DEVICES: dict[str, float] = {
    "Mobile Only": 0.40,
    "Desktop Only": 0.15,
    "Tablet": 0.10,
    "Mobile + Desktop": 0.35,
}
INTERESTS: dict[str, float] = {
    name: 1.0
    for name in (
        "Digital Marketing",
        "Investing and Finance",
        "Music Production",
        "Fitness and Wellness",
        "Eco-Friendly Living",
        "Fashion Modelling",
        "Gourmet Cooking",
        "Reading and Literature",
        "Gaming",
        "Pet Care",
        "Travel and Adventure",
        "Software Engineering",
        "DIY Crafts",
        "Photography",
        "Data Science",
        "Gardening",
    )
}
# Probability of a user listing 1, 2 or 3 interests.
INTEREST_COUNT_PROBABILITIES = (0.50, 0.35, 0.15)

# Relative weight of each UTC hour 0..23 for session starts.
HOUR_PROFILES: dict[str, tuple[float, ...]] = {
    "office_hours": (
        *(0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 1.5, 3.0, 5.0, 5.5, 5.5),
        *(4.5, 5.0, 5.5, 5.0, 4.5, 3.5, 2.0, 1.5, 1.2, 1.0, 0.6, 0.3),
    ),
    "all_day": (
        *(0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.2, 1.8, 2.0, 2.2, 2.5),
        *(3.0, 2.8, 2.4, 2.2, 2.4, 2.8, 3.2, 3.6, 3.8, 3.4, 2.2, 1.0),
    ),
    "evening": (
        *(1.0, 0.5, 0.2, 0.1, 0.1, 0.1, 0.3, 0.6, 0.8, 0.8, 0.9, 1.0),
        *(1.3, 1.2, 1.0, 1.1, 1.5, 2.2, 3.2, 4.2, 5.0, 5.0, 4.0, 2.5),
    ),
    "late_night": (
        *(3.5, 2.8, 1.8, 0.9, 0.4, 0.2, 0.2, 0.3, 0.4, 0.6, 0.9, 1.2),
        *(1.5, 1.5, 1.5, 1.6, 1.8, 2.2, 2.8, 3.4, 4.0, 4.6, 4.8, 4.4),
    ),
}


@dataclass(frozen=True)
class Persona:
    """Behavioural and demographic specification of one planted persona.

    Rates are expectations for a user with activity multiplier 1.

    Attributes
    ----------
    name : str
        Persona label written to the answer key.
    share : float
        Fraction of users with this persona.
    weekday_sessions_per_day, weekend_sessions_per_day : float
        Sessions started per Mon-Fri / Sat-Sun date.
    weekday_session_minutes, weekend_session_minutes : float
        Mean session length on those dates.
    weekday_hour_profile, weekend_hour_profile : str
        Key of ``HOUR_PROFILES`` giving the session start hours on those dates.
    likes_reactions_per_day, follows_per_day, ad_impressions_per_day : float
        Events per day of the window, placed inside the user's sessions.
    click_through_rate : float
        Mean probability that an ad impression is clicked.
    conversion_rate : float
        Mean probability that an ad click converts.
    ad_view_seconds : float
        Mean seconds an ad impression is viewed.
    demographic_skews : dict
        Attribute (``age_band``, ``gender``, ``income_band``, ``location``, ``language``,
        ``education``, ``device``, ``interests``) -> {category: multiplier of its base weight}.
    """

    name: str
    share: float
    weekday_sessions_per_day: float
    weekday_session_minutes: float
    weekend_sessions_per_day: float
    weekend_session_minutes: float
    weekday_hour_profile: str
    weekend_hour_profile: str
    likes_reactions_per_day: float
    follows_per_day: float
    ad_impressions_per_day: float
    click_through_rate: float
    conversion_rate: float
    ad_view_seconds: float
    demographic_skews: dict[str, dict] = field(default_factory=dict)

    @property
    def weekday_hours(self) -> float:
        """Expected hours online per weekday."""
        return self.weekday_sessions_per_day * self.weekday_session_minutes / 60

    @property
    def weekend_hours(self) -> float:
        """Expected hours online per weekend day."""
        return self.weekend_sessions_per_day * self.weekend_session_minutes / 60


PERSONAS: tuple[Persona, ...] = (
    Persona(
        name="lurker",
        share=0.20,
        weekday_sessions_per_day=0.30,
        weekday_session_minutes=25,
        weekend_sessions_per_day=0.35,
        weekend_session_minutes=30,
        weekday_hour_profile="all_day",
        weekend_hour_profile="all_day",
        likes_reactions_per_day=0.03,
        follows_per_day=0.004,
        ad_impressions_per_day=0.06,
        click_through_rate=0.001,
        conversion_rate=0.005,
        ad_view_seconds=3,
        demographic_skews={
            "age_band": {(55, 64): 1.6, (65, 75): 2.2},
            "location": {"Rural": 1.8},
            "device": {"Tablet": 2.5},
            "interests": {"Reading and Literature": 3.0, "Gardening": 2.0},
        },
    ),
    Persona(
        name="weekday_professional",
        share=0.19,
        weekday_sessions_per_day=2.0,
        weekday_session_minutes=104,
        weekend_sessions_per_day=0.45,
        weekend_session_minutes=70,
        weekday_hour_profile="office_hours",
        weekend_hour_profile="all_day",
        likes_reactions_per_day=0.3,
        follows_per_day=0.02,
        ad_impressions_per_day=0.7,
        click_through_rate=0.015,
        conversion_rate=0.005,
        ad_view_seconds=10,
        demographic_skews={
            "age_band": {(18, 24): 0.3, (35, 44): 1.6, (45, 54): 1.3},
            "device": {"Desktop Only": 4.0, "Mobile + Desktop": 1.8, "Mobile Only": 0.4},
            "education": {"High School": 0.4, "Bachelor": 1.5, "Master": 3.0, "PhD": 3.0},
            "income_band": {"60k-80k": 1.5, "80k-100k": 1.8, "100k+": 1.8},
            "interests": {
                "Software Engineering": 4.0,
                "Data Science": 4.0,
                "Investing and Finance": 2.0,
                "Digital Marketing": 2.0,
            },
        },
    ),
    Persona(
        name="weekend_binger",
        share=0.16,
        weekday_sessions_per_day=0.6,
        weekday_session_minutes=75,
        weekend_sessions_per_day=3.0,
        weekend_session_minutes=120,
        weekday_hour_profile="evening",
        weekend_hour_profile="late_night",
        likes_reactions_per_day=0.3,
        follows_per_day=0.02,
        ad_impressions_per_day=0.7,
        click_through_rate=0.015,
        conversion_rate=0.005,
        ad_view_seconds=14,
        demographic_skews={
            "age_band": {(18, 24): 4.0, (25, 34): 1.5, (55, 64): 0.3, (65, 75): 0.2},
            "location": {"Urban": 2.0},
            "device": {"Mobile Only": 1.8},
            "interests": {"Gaming": 4.0, "Music Production": 3.0, "Travel and Adventure": 2.0},
        },
    ),
    Persona(
        name="social_butterfly",
        share=0.17,
        weekday_sessions_per_day=1.3,
        weekday_session_minutes=70,
        weekend_sessions_per_day=1.5,
        weekend_session_minutes=80,
        weekday_hour_profile="evening",
        weekend_hour_profile="all_day",
        likes_reactions_per_day=2.0,
        follows_per_day=0.7,
        ad_impressions_per_day=0.7,
        click_through_rate=0.015,
        conversion_rate=0.005,
        ad_view_seconds=10,
        demographic_skews={
            "age_band": {(18, 24): 2.0, (25, 34): 1.8, (65, 75): 0.4},
            "gender": {"Non-binary": 1.5},
            "location": {"Urban": 1.5},
            "device": {"Mobile Only": 2.0},
            "interests": {
                "Fashion Modelling": 4.0,
                "Photography": 3.0,
                "Travel and Adventure": 2.0,
                "Fitness and Wellness": 2.0,
            },
        },
    ),
    Persona(
        name="ad_clicker",
        share=0.15,
        weekday_sessions_per_day=1.2,
        weekday_session_minutes=70,
        weekend_sessions_per_day=1.3,
        weekend_session_minutes=75,
        weekday_hour_profile="all_day",
        weekend_hour_profile="all_day",
        likes_reactions_per_day=0.3,
        follows_per_day=0.02,
        ad_impressions_per_day=2.2,
        click_through_rate=0.28,
        conversion_rate=0.04,
        ad_view_seconds=40,
        demographic_skews={
            "income_band": {"0-20k": 0.4, "80k-100k": 2.5, "100k+": 3.0},
            "location": {"Suburban": 1.5},
            "interests": {
                "Travel and Adventure": 2.0,
                "Gourmet Cooking": 2.0,
                "Fashion Modelling": 2.0,
                "Investing and Finance": 2.0,
            },
        },
    ),
    Persona(
        name="deal_hunter",
        share=0.13,
        weekday_sessions_per_day=1.1,
        weekday_session_minutes=60,
        weekend_sessions_per_day=1.3,
        weekend_session_minutes=70,
        weekday_hour_profile="evening",
        weekend_hour_profile="all_day",
        likes_reactions_per_day=0.3,
        follows_per_day=0.02,
        ad_impressions_per_day=2.5,
        click_through_rate=0.15,
        conversion_rate=0.75,
        ad_view_seconds=16,
        demographic_skews={
            "age_band": {(35, 44): 1.5, (45, 54): 1.5},
            "income_band": {"20k-40k": 1.8, "40k-60k": 1.5},
            "interests": {
                "DIY Crafts": 3.0,
                "Pet Care": 2.0,
                "Gardening": 2.0,
                "Eco-Friendly Living": 2.0,
            },
        },
    ),
)
