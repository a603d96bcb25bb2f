"""Agencies and roles ([CJA-2003] s.325; [MAPPA-G] ch.2, ch.3).

The Responsible Authority is police, probation and prisons; the duty-to-co-operate agencies are
the twelve groups of s.325(6). Lawful bases for sharing: [CJA-2003] s.325(4), [CDA-1998] s.115,
[OMA-2007] s.14 and the common law.
"""

from __future__ import annotations

from enum import StrEnum

from .vocabulary import Vocabulary


class AgencyKind(Vocabulary):
    POLICE = "police", "Police (Responsible Authority)"
    PROBATION = "probation", "Probation Service (Responsible Authority)"
    PRISON = "prison", "Prison Service (Responsible Authority)"
    YOUTH_OFFENDING = "youth_offending", "Youth offending team"
    DWP = "dwp", "Department for Work and Pensions (Jobcentre Plus)"
    MINISTRY_OF_DEFENCE = "mod", "Ministry of Defence"
    LOCAL_AUTHORITY_SOCIAL_CARE = (
        "la_social_care",
        "Local authority social services (children's/adults')",
    )
    LOCAL_AUTHORITY_EDUCATION = "la_education", "Local authority education"
    NHS_ENGLAND = "nhs_england", "NHS England"
    HEALTH_AUTHORITY = "health_authority", "Health Authority"
    INTEGRATED_CARE_BOARD = "icb", "Integrated Care Board / Local Health Board"
    NHS_TRUST = "nhs_trust", "NHS Trust"
    HOUSING_AUTHORITY = "housing", "Local housing authority"
    SOCIAL_HOUSING_PROVIDER = "social_housing", "Registered social housing provider"
    ELECTRONIC_MONITORING = "electronic_monitoring", "Electronic monitoring provider"
    HOME_OFFICE_IMMIGRATION = (
        "home_office",
        "Home Office (UKVI, Border Force, Immigration Enforcement)",
    )
    MAPPA_UNIT = "mappa_unit", "MAPPA co-ordination unit"
    # auditors and system administrators: no case access by kind
    OVERSIGHT = "oversight", "Oversight (audit, administration)"


AGENCY_KIND_LABELS: dict[AgencyKind, str] = {m: m.label for m in AgencyKind}

RESPONSIBLE_AUTHORITY = {AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON}
DUTY_TO_COOPERATE = (
    set(AgencyKind) - RESPONSIBLE_AUTHORITY - {AgencyKind.MAPPA_UNIT, AgencyKind.OVERSIGHT}
)
# Agencies a case can be shared with under s.325(4): the RA and the DTC agencies.
SHAREABLE_KINDS = RESPONSIBLE_AUTHORITY | DUTY_TO_COOPERATE
LEAD_KINDS = RESPONSIBLE_AUTHORITY


class Role(Vocabulary):
    COORDINATOR = "coordinator", "MAPPA co-ordinator"
    POLICE_OFFENDER_MANAGER = "police_offender_manager", "Police offender manager"
    PROBATION_OFFICER = "probation_officer", "Probation officer"
    PRISON_OFFICER = "prison_officer", "Prison offender manager"
    HOUSING_OFFICER = "housing_officer", "Housing officer"
    DTC_OFFICER = "dtc_officer", "Duty-to-co-operate officer"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


ROLE_LABELS: dict[Role, str] = {m: m.label for m in Role}

# Roles that manage cases for the Responsible Authority: may register, edit and share cases
# their agency leads.
CASE_MANAGER_ROLES = {Role.POLICE_OFFENDER_MANAGER, Role.PROBATION_OFFICER, Role.PRISON_OFFICER}


class LawfulBasis(StrEnum):
    """The powers under which MAPPA agencies share information ([CJA-2003] s.325(4), [CDA-1998]
    s.115, [OMA-2007] s.14, common law)."""

    CJA_2003_S325_4 = "cja2003_s325_4"
    CDA_1998_S115 = "cda1998_s115"
    OMA_2007_S14 = "oma2007_s14"
    COMMON_LAW = "common_law"


LAWFUL_BASIS_LABELS: dict[LawfulBasis, str] = {
    LawfulBasis.CJA_2003_S325_4: "CJA 2003 s.325(4): duty to co-operate, exchange of information",
    LawfulBasis.CDA_1998_S115: "Crime and Disorder Act 1998 s.115",
    LawfulBasis.OMA_2007_S14: "Offender Management Act 2007 s.14",
    LawfulBasis.COMMON_LAW: "Common law (public-interest disclosure)",
}
