"""Agencies and roles ([CJA-2003] s.325; [MAPPA-G] ch.2, ch.3).

The Responsible Authority is police, probation and prisons; the duty-to-co-operate agencies are
the twelve groups of s.325(6). Lawful bases for sharing: [CJA-2003] s.325(4), [CDA-1998] s.115,
[OMA-2007] s.14 and the common law.
"""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    POLICE = "police"
    PROBATION = "probation"
    PRISON = "prison"
    YOUTH_OFFENDING = "youth_offending"
    DWP = "dwp"
    MINISTRY_OF_DEFENCE = "mod"
    LOCAL_AUTHORITY_SOCIAL_CARE = "la_social_care"
    LOCAL_AUTHORITY_EDUCATION = "la_education"
    NHS_ENGLAND = "nhs_england"
    HEALTH_AUTHORITY = "health_authority"
    INTEGRATED_CARE_BOARD = "icb"
    NHS_TRUST = "nhs_trust"
    HOUSING_AUTHORITY = "housing"
    SOCIAL_HOUSING_PROVIDER = "social_housing"
    ELECTRONIC_MONITORING = "electronic_monitoring"
    HOME_OFFICE_IMMIGRATION = "home_office"
    MAPPA_UNIT = "mappa_unit"
    OVERSIGHT = "oversight"  # auditors and system administrators: no case access by kind


AGENCY_KIND_LABELS: dict[AgencyKind, str] = {
    AgencyKind.POLICE: "Police (Responsible Authority)",
    AgencyKind.PROBATION: "Probation Service (Responsible Authority)",
    AgencyKind.PRISON: "Prison Service (Responsible Authority)",
    AgencyKind.YOUTH_OFFENDING: "Youth offending team",
    AgencyKind.DWP: "Department for Work and Pensions (Jobcentre Plus)",
    AgencyKind.MINISTRY_OF_DEFENCE: "Ministry of Defence",
    AgencyKind.LOCAL_AUTHORITY_SOCIAL_CARE: "Local authority social services (children's/adults')",
    AgencyKind.LOCAL_AUTHORITY_EDUCATION: "Local authority education",
    AgencyKind.NHS_ENGLAND: "NHS England",
    AgencyKind.HEALTH_AUTHORITY: "Health Authority",
    AgencyKind.INTEGRATED_CARE_BOARD: "Integrated Care Board / Local Health Board",
    AgencyKind.NHS_TRUST: "NHS Trust",
    AgencyKind.HOUSING_AUTHORITY: "Local housing authority",
    AgencyKind.SOCIAL_HOUSING_PROVIDER: "Registered social housing provider",
    AgencyKind.ELECTRONIC_MONITORING: "Electronic monitoring provider",
    AgencyKind.HOME_OFFICE_IMMIGRATION: "Home Office (UKVI, Border Force, Immigration Enforcement)",
    AgencyKind.MAPPA_UNIT: "MAPPA co-ordination unit",
    AgencyKind.OVERSIGHT: "Oversight (audit, administration)",
}

RESPONSIBLE_AUTHORITY = {AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON}
DUTY_TO_COOPERATE = (
    set(AgencyKind) - RESPONSIBLE_AUTHORITY - {AgencyKind.MAPPA_UNIT, AgencyKind.OVERSIGHT}
)
# Agencies a case can be shared with under s.325(4): the RA and the DTC agencies.
SHAREABLE_KINDS = RESPONSIBLE_AUTHORITY | DUTY_TO_COOPERATE
LEAD_KINDS = RESPONSIBLE_AUTHORITY


class Role(StrEnum):
    COORDINATOR = "coordinator"
    POLICE_OFFENDER_MANAGER = "police_offender_manager"
    PROBATION_OFFICER = "probation_officer"
    PRISON_OFFICER = "prison_officer"
    HOUSING_OFFICER = "housing_officer"
    DTC_OFFICER = "dtc_officer"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


ROLE_LABELS: dict[Role, str] = {
    Role.COORDINATOR: "MAPPA co-ordinator",
    Role.POLICE_OFFENDER_MANAGER: "Police offender manager",
    Role.PROBATION_OFFICER: "Probation officer",
    Role.PRISON_OFFICER: "Prison offender manager",
    Role.HOUSING_OFFICER: "Housing officer",
    Role.DTC_OFFICER: "Duty-to-co-operate officer",
    Role.AUDITOR: "Auditor",
    Role.ADMINISTRATOR: "Administrator",
}

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
