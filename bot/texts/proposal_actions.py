"""Words of the actions on a proposal: their buttons and confirmations, and the decision forms."""

from __future__ import annotations

from bot.texts.forms import StepText

__all__ = [
    "ACTION_BUTTONS",
    "ACTION_DONE",
    "D_APPROVE_TITLE",
    "D_BASIS",
    "D_BASIS_HEAD",
    "D_BASIS_MAJORITY",
    "D_COMMENT",
    "D_DATE_INVALID",
    "D_EVALUATE_TITLE",
    "D_EVAL_COMMENT",
    "D_LEVEL",
    "D_MEETING",
    "D_NOT_MAJORITY",
    "D_NUMBER_INVALID",
    "D_PAUSE_REASON",
    "D_PAUSE_TITLE",
    "D_REJECT_REASON",
    "D_REJECT_TITLE",
    "D_REPORT_TITLE",
    "D_REQUEST_REASON",
    "D_REQUEST_TITLE",
    "D_RESULT",
    "D_STOP_REASON",
    "D_STOP_TITLE",
    "D_VOTES_AGAINST",
    "D_VOTES_FOR",
    "EVALUATION_LABELS",
]


# ---------------------------------------------------------------------------
# Actions on a proposal (phê duyệt, yêu cầu bổ sung, …)
# ---------------------------------------------------------------------------
ACTION_BUTTONS = {
    "approve": "✅ Phê duyệt",
    "request_info": "📝 Yêu cầu bổ sung",
    "reject": "❌ Không phê duyệt",
    "withdraw": "↩️ Rút đề xuất",
    "pause": "⏸ Tạm dừng",
    "resume": "▶️ Tiếp tục thực hiện",
    "stop": "⏹ Dừng thực hiện",
    "finish": "🏁 Đã thực hiện xong",
    "report": "📄 Báo cáo kết quả",
    "evaluate": "📊 Đánh giá kết quả",
    "resubmit": "✏️ Bổ sung và gửi lại",
}
ACTION_DONE = {
    "approve": "Đã phê duyệt đề xuất {number}.",
    "request_info": "Đã gửi yêu cầu bổ sung đề xuất {number}.",
    "reject": "Đã ghi nhận không phê duyệt đề xuất {number}.",
    "withdraw": "Đã rút đề xuất {number}.",
    "pause": "Đã tạm dừng thực hiện đề xuất {number}.",
    "resume": "Đề xuất {number} được tiếp tục thực hiện.",
    "stop": "Đã dừng thực hiện đề xuất {number}.",
    "finish": "Đã ghi nhận đề xuất {number} thực hiện xong. Vui lòng gửi báo cáo kết quả trong 05 ngày làm việc.",
    "report": "Đã gửi báo cáo kết quả đề xuất {number}.",
    "evaluate": "Đã ghi nhận đánh giá đề xuất {number}.",
    "resubmit": "Đã gửi lại đề xuất {number} sau khi bổ sung.",
}
EVALUATION_LABELS = {
    "done": "Hoàn thành",
    "partly": "Hoàn thành một phần",
    "not_done": "Không hoàn thành",
}

# Decision flows: one record per step (the four reason forms share a label and a hint)
_REASON_LABEL = "Lý do"
_REASON_HINT = "5–1000 ký tự."
_NUMBER_HINT = "Nhập một số, ví dụ: 3"
_COMMENT_LABEL = "Ý kiến chỉ đạo"
D_REQUEST_TITLE = "Yêu cầu bổ sung"
D_REQUEST_REASON = StepText(
    label=_REASON_LABEL,
    prompt="Cần bổ sung, hoàn thiện nội dung gì? (người đề xuất sẽ nhận được nội dung này)",
    hint=_REASON_HINT,
)
D_REJECT_TITLE = "Không phê duyệt"
D_REJECT_REASON = StepText(label=_REASON_LABEL, prompt="Lý do không phê duyệt?", hint=_REASON_HINT)
D_PAUSE_TITLE = "Tạm dừng thực hiện"
D_PAUSE_REASON = StepText(label=_REASON_LABEL, prompt="Lý do tạm dừng?", hint=_REASON_HINT)
D_STOP_TITLE = "Dừng thực hiện"
D_STOP_REASON = StepText(label=_REASON_LABEL, prompt="Lý do dừng thực hiện?", hint=_REASON_HINT)
D_APPROVE_TITLE = "Phê duyệt đề xuất"
D_MEETING = StepText(
    label="Ngày họp tập thể lãnh đạo",
    prompt="Tập thể lãnh đạo họp xem xét đề xuất ngày nào?",
    hint="Ví dụ: 02/12/2026 (không sau hôm nay)",
)
D_VOTES_FOR = StepText(
    label="Số phiếu tán thành",
    prompt="Số thành viên tán thành? (không tính cấp phó là người đề xuất)",
    hint=_NUMBER_HINT,
)
D_VOTES_AGAINST = StepText(
    label="Số phiếu không tán thành", prompt="Số thành viên không tán thành?", hint=_NUMBER_HINT
)
D_BASIS = StepText(label="Căn cứ phê duyệt", prompt="Căn cứ phê duyệt?")
D_BASIS_MAJORITY = "Quá nửa tập thể tán thành"
D_BASIS_HEAD = "Thủ trưởng tự chịu trách nhiệm"
D_COMMENT = StepText(label=_COMMENT_LABEL, prompt="Ý kiến chỉ đạo khi thực hiện (không bắt buộc)?")
D_REPORT_TITLE = "Báo cáo kết quả"
D_RESULT = StepText(
    label="Kết quả thực hiện",
    prompt="Kết quả thực hiện đề xuất (đã làm gì, đạt được gì, so với mục tiêu)?",
    hint="20–3000 ký tự.",
)
D_EVALUATE_TITLE = "Đánh giá kết quả"
D_LEVEL = StepText(label="Mức đánh giá", prompt="Kết quả đề xuất được đánh giá ở mức nào?")
D_EVAL_COMMENT = StepText(label=_COMMENT_LABEL, prompt="Nhận xét, đánh giá?")
D_DATE_INVALID = "Vui lòng nhập ngày dạng dd/mm/yyyy, không sau hôm nay."
D_NUMBER_INVALID = "Vui lòng nhập một số nguyên từ 0 đến 50."
D_NOT_MAJORITY = (
    "Số phiếu tán thành chưa quá nửa. Chọn «Thủ trưởng tự chịu trách nhiệm» hoặc sửa số phiếu."
)
