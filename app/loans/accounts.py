"""The chart of accounts (codes seeded by migration 0002_loans) and line tags.

Amounts on ledger lines are signed: a debit is positive, a credit negative, so
every journal entry sums to zero and so does the whole ledger (trial balance).
"""

from __future__ import annotations

from typing import Final

BANK: Final = "BANK"
INVESTOR_CUSTODY: Final = "INVESTOR_CUSTODY"
INVESTOR_PRINCIPAL: Final = "INVESTOR_PRINCIPAL"
RECV_PRINCIPAL: Final = "RECV_PRINCIPAL"
RECV_INTEREST: Final = "RECV_INTEREST"
RECV_FEES: Final = "RECV_FEES"
RECV_PENALTY: Final = "RECV_PENALTY"
UNEARNED_INTEREST: Final = "UNEARNED_INTEREST"
BORROWER_CREDIT: Final = "BORROWER_CREDIT"
FEE_INCOME: Final = "FEE_INCOME"
PENALTY_INCOME: Final = "PENALTY_INCOME"
RISK_RESERVE: Final = "RISK_RESERVE"
WRITE_OFF_LOSS: Final = "WRITE_OFF_LOSS"
SUSPENSE: Final = "SUSPENSE"

RECEIVABLES: Final = (RECV_PRINCIPAL, RECV_INTEREST, RECV_FEES, RECV_PENALTY)

# Tags: which movement a line belongs to (investor statements sum lines by tag).
T_DEPOSIT: Final = "deposit"
T_INVEST: Final = "invest"
T_DISBURSE: Final = "disburse"
T_SCHEDULE: Final = "schedule"
T_ORIGINATION_FEE: Final = "origination_fee"
T_PROVISION: Final = "provision"
T_PAYMENT: Final = "payment"
T_PRINCIPAL: Final = "principal"
T_INTEREST: Final = "interest"
T_SERVICE_FEE: Final = "service_fee"
T_LATE_FEE: Final = "late_fee"
T_PENALTY: Final = "penalty"
T_WRITE_OFF: Final = "writeoff"
T_RESERVE_PAYOUT: Final = "reserve_payout"
T_RECOVERY: Final = "recovery"

CHART: Final = (
    (BANK, "Bank / cash clearing", "asset"),
    (INVESTOR_CUSTODY, "Investor custody (cash held for investors)", "liability"),
    (INVESTOR_PRINCIPAL, "Investors' principal in loans", "liability"),
    (RECV_PRINCIPAL, "Borrower receivable: principal", "asset"),
    (RECV_INTEREST, "Borrower receivable: interest", "asset"),
    (RECV_FEES, "Borrower receivable: fees", "asset"),
    (RECV_PENALTY, "Borrower receivable: penalty interest", "asset"),
    (UNEARNED_INTEREST, "Scheduled interest not yet collected (owed to investors)", "liability"),
    (BORROWER_CREDIT, "Borrower credit balances", "liability"),
    (FEE_INCOME, "Platform fee income", "income"),
    (PENALTY_INCOME, "Penalty income", "income"),
    (RISK_RESERVE, "Risk reserve", "liability"),
    (WRITE_OFF_LOSS, "Write-off loss", "expense"),
    (SUSPENSE, "Suspense", "liability"),
)
"""The chart of accounts; the migration seeds it, :func:`ensure_chart` restores it."""
