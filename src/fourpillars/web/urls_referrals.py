"""Referrals, transfers between areas and possible duplicates (decision 0018)."""

from __future__ import annotations

from django.urls import path

from .views import duplicates, referrals, transfers

urlpatterns = [
    path("cases/<int:case_id>/refer/", referrals.refer, name="case-refer"),
    path("cases/<int:case_id>/refer/check/", referrals.check, name="case-refer-check"),
    path("referrals/", referrals.queue, name="referral-queue"),
    path("referrals/mine/", referrals.mine, name="referral-mine"),
    path("referrals/<int:referral_id>/", referrals.show, name="referral"),
    path("referrals/<int:referral_id>/screen/", referrals.screen, name="referral-screen"),
    path("referrals/<int:referral_id>/read/", referrals.mark_read, name="referral-read"),
    path("referrals/<int:referral_id>/mappa-a.pdf", referrals.pdf, name="referral-pdf"),
    path("cases/<int:case_id>/transfer/", transfers.request_transfer, name="case-transfer"),
    path("transfers/", transfers.queue, name="transfer-queue"),
    path("transfers/mine/", transfers.mine, name="transfer-mine"),
    path("transfers/<int:transfer_id>/", transfers.show, name="transfer"),
    path("transfers/<int:transfer_id>/decide/", transfers.decide, name="transfer-decide"),
    path("transfers/<int:transfer_id>/withdraw/", transfers.withdraw, name="transfer-withdraw"),
    path("transfers/<int:transfer_id>/read/", transfers.mark_read, name="transfer-read"),
    path("duplicates/", duplicates.queue, name="duplicate-queue"),
    path("duplicates/<int:flag_id>/", duplicates.show, name="duplicate"),
    path("duplicates/<int:flag_id>/resolve/", duplicates.resolve, name="duplicate-resolve"),
]
