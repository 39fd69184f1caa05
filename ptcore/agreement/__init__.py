"""How far annotators agree: Cohen's κ and Krippendorff's α on labels, span F1 on entities,
EM/F1 on answers, over the documents at least two annotators finished. Qt-free and
database-free: it reads each annotator's ``Document`` view of each document."""

from ptcore.agreement.report import AgreementReport, PairAgreement, Scores
from ptcore.agreement.study import agreement_report

__all__ = ["AgreementReport", "PairAgreement", "Scores", "agreement_report"]
