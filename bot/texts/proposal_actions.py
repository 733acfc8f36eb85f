"""Words of the actions on a proposal: their buttons and confirmations, and the decision forms."""

from __future__ import annotations

from bot.texts.forms import StepText

__all__ = [
    "ACTION_BUTTONS",
    "ACTION_DONE",
    "BASIS_NOTES",
    "DUE_BASIS",
    "D_APPROVE_TITLE",
    "D_BASIS",
    "D_BASIS_CHANGED",
    "D_BASIS_HEAD",
    "D_BASIS_MAJORITY",
    "D_BASIS_STALE",
    "D_BASIS_TIE_HEAD",
    "D_COMMENT",
    "D_DATE_INVALID",
    "D_DECIDE_INTRO",
    "D_DECIDE_TITLE",
    "D_DECISION_BEFORE_RECEIPT",
    "D_DECISION_DATE",
    "D_DECISION_FUTURE",
    "D_EVALUATE_TITLE",
    "D_EVAL_COMMENT",
    "D_HEAD_AGAINST",
    "D_HEAD_AGAINST_NEEDS_ONE",
    "D_HEAD_FOR",
    "D_HEAD_FOR_NEEDS_ONE",
    "D_HEAD_VOTE",
    "D_LEVEL",
    "D_LEVEL_CHANGED",
    "D_MAJORITY_COUNTED",
    "D_MEETING",
    "D_MEETING_BEFORE_RECEIPT",
    "D_MEETING_FUTURE",
    "D_NOT_VOTING",
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
    "FOLLOW_UP_PAST",
    "approval_note",
    "d_decision_before_receipt",
    "d_meeting_before_receipt",
    "d_vote_tally",
    "follow_up_note",
    "superior_approval_note",
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
    hint="Ví dụ: 02/12/2026 (từ ngày nhận kế hoạch đến hôm nay)",
)
D_HEAD_VOTE = StepText(
    label="Biểu quyết của thủ trưởng",
    prompt="Thủ trưởng (người chủ trì họp) biểu quyết thế nào?",
    hint="Chọn một nút bên dưới.",
)
D_HEAD_FOR = "👍 Thủ trưởng tán thành"
D_HEAD_AGAINST = "👎 Thủ trưởng không tán thành"
D_VOTES_FOR = StepText(
    label="Số phiếu tán thành",
    prompt="Tổng số phiếu tán thành (kể cả phiếu của thủ trưởng nếu tán thành)?",
    hint=_NUMBER_HINT,
)
D_VOTES_AGAINST = StepText(
    label="Số phiếu không tán thành",
    prompt="Tổng số phiếu không tán thành (kể cả phiếu của thủ trưởng nếu không tán thành)?",
    hint=_NUMBER_HINT,
)
D_NOT_VOTING = StepText(
    label="Số thành viên không biểu quyết",
    prompt=(
        "Số thành viên tập thể lãnh đạo không biểu quyết (vắng mặt hoặc không bỏ phiếu)? "
        "Không tính cấp phó là người có đề xuất: người này không biểu quyết."
    ),
    hint="Nhập một số, ví dụ: 0",
)
D_HEAD_FOR_NEEDS_ONE = "Thủ trưởng đã tán thành, nên số phiếu tán thành ít nhất là 1."
D_HEAD_AGAINST_NEEDS_ONE = "Thủ trưởng không tán thành, nên số phiếu không tán thành ít nhất là 1."
D_BASIS = StepText(
    label="Căn cứ phê duyệt",
    prompt=(
        "Theo khoản 1 Điều 8 NĐ73, đề xuất được thông qua khi có trên 50% ý kiến tán thành; nếu "
        "số phiếu hai bên bằng nhau, kết quả theo phía có phiếu của thủ trưởng. Nếu tập thể không "
        "thông qua, thủ trưởng vẫn có thể quyết định cho triển khai khi thấy đề xuất cần thiết, "
        "khả thi; khi đó thủ trưởng tự chịu trách nhiệm trước cơ quan cấp trên và trước pháp "
        "luật, và quyết định phải thể hiện bằng văn bản. Nút bên dưới cho biết căn cứ theo số "
        "phiếu đã nhập; tỷ lệ tán thành được tính trên số phiếu đã biểu quyết (tán thành và "
        "không tán thành). Nếu tập thể không thông qua và thủ trưởng không cho triển khai, bấm "
        "«❌ Không phê duyệt»."
    ),
    hint="Chọn nút bên dưới để xác nhận.",
)
D_BASIS_MAJORITY = "✅ Tập thể thông qua (trên 50% số phiếu biểu quyết tán thành)"
D_BASIS_TIE_HEAD = "✅ Tập thể thông qua (phiếu bằng nhau, theo thủ trưởng)"
D_BASIS_HEAD = "⚖️ Tôi quyết định triển khai, tự chịu trách nhiệm"
D_BASIS_CHANGED = (
    "Số phiếu và căn cứ phê duyệt chưa khớp (có thể do vừa sửa số phiếu). Vui lòng chọn lại "
    "«Căn cứ phê duyệt» và kiểm tra biểu quyết của thủ trưởng."
)
D_BASIS_STALE = (
    "Số phiếu vừa sửa không còn cho căn cứ phê duyệt đã chọn. Vui lòng chọn lại căn cứ "
    "theo số phiếu mới."
)
# How the bot counted a majority: over the votes cast. The project's sources give the
# Decree's words ("trên 50% ý kiến tán thành") without saying over what, so this is said as
# the bot's own count, never as the Decree's.
D_MAJORITY_COUNTED = "trên 50% số phiếu đã biểu quyết là tán thành"
D_COMMENT = StepText(label=_COMMENT_LABEL, prompt="Ý kiến chỉ đạo khi thực hiện (không bắt buộc)?")
# How each basis reads in the history and the proposer's notice (collective vs the head).
BASIS_NOTES = {
    "majority": f"Tập thể lãnh đạo thông qua: {D_MAJORITY_COUNTED} ({{tally}})",
    "tie_head": (
        "Tập thể lãnh đạo thông qua: số phiếu hai bên bằng nhau, theo phía thủ trưởng tán "
        "thành ({tally})"
    ),
    "head": (
        "Tập thể không thông qua ({tally}); thủ trưởng quyết định cho triển khai, tự chịu "
        "trách nhiệm trước cơ quan cấp trên và trước pháp luật"
    ),
}


def d_vote_tally(votes_for: int, votes_against: int, not_voting: int) -> str:
    """The vote as counted, plainly: both sides over the collective's members (everyone who
    voted or did not; the deputy who proposed is not a member for this vote)."""
    members = votes_for + votes_against + not_voting
    return (
        f"{votes_for} tán thành, {votes_against} không tán thành / {members} thành viên tập "
        f"thể; {not_voting} không biểu quyết"
    )


def approval_note(
    basis: str, votes_for: int, votes_against: int, not_voting: int, comment: str | None
) -> str:
    """The approval as the history and the proposer read it: the basis, then the comment."""
    note = BASIS_NOTES[basis].format(tally=d_vote_tally(votes_for, votes_against, not_voting))
    note += "."
    return note + (f" {_COMMENT_LABEL}: {comment}" if comment else "")


def d_meeting_before_receipt(received: str) -> str:
    """The meeting day typed is before the plan reached the reviewer."""
    return f"{D_MEETING_BEFORE_RECEIPT} ({received})."


D_MEETING_BEFORE_RECEIPT = "Ngày họp không được trước ngày nhận kế hoạch"
D_MEETING_FUTURE = "Ngày họp không được sau hôm nay."

# The superior level's own decision on a head's plan (khoản 4 Điều 7 NĐ73): who decides is
# the Decree's; no vote and no time limit is attributed to it.
D_DECIDE_TITLE = "Quyết định phê duyệt của cấp trên"
D_DECIDE_INTRO = (
    "Đề xuất này do cấp trên quyết định. Theo khoản 4 Điều 7 NĐ73, kế hoạch của người đứng "
    "đầu được gửi người đứng đầu cơ quan cấp trên xem xét, quyết định. Vui lòng ghi ngày "
    "quyết định và ý kiến chỉ đạo (nếu có). Nếu không phê duyệt hoặc cần hoàn thiện thêm, "
    "bấm «❌ Không phê duyệt» hoặc «📝 Yêu cầu bổ sung» bên dưới."
)
D_DECISION_DATE = StepText(
    label="Ngày quyết định",
    prompt="Cấp trên quyết định phê duyệt đề xuất ngày nào?",
    hint="Ví dụ: 02/12/2026 (từ ngày nhận kế hoạch đến hôm nay)",
)
D_DECISION_BEFORE_RECEIPT = "Ngày quyết định không được trước ngày nhận kế hoạch"
D_DECISION_FUTURE = "Ngày quyết định không được sau hôm nay."
D_LEVEL_CHANGED = (
    "Cấp xem xét đề xuất này vừa thay đổi nên nội dung phê duyệt cần ghi lại. Vui lòng bấm "
    "«✅ Phê duyệt» trên thẻ đề xuất để bắt đầu lại."
)


def d_decision_before_receipt(received: str) -> str:
    """The decision day typed is before the plan reached the superior."""
    return f"{D_DECISION_BEFORE_RECEIPT} ({received})."


def superior_approval_note(day: str, comment: str | None) -> str:
    """The superior's approval as the history and the proposer read it: the day, the comment."""
    note = f"Cấp trên quyết định phê duyệt ngày {day}."
    return note + (f" {_COMMENT_LABEL}: {comment}" if comment else "")


# Time limits: where each comes from (receipts, reminders). Only the Decree's own limits
# name the Decree; the others are the city's internal follow-up.
DUE_BASIS = {
    "review": "07 ngày làm việc kể từ ngày nhận kế hoạch, theo khoản 1 Điều 8 NĐ73.",
    "report": "05 ngày làm việc kể từ khi thực hiện xong, theo khoản 1 Điều 18 NĐ73.",
    "evaluate": "07 ngày làm việc kể từ khi nhận báo cáo, theo Điều 18 NĐ73.",
}


# Marks a proposal past the city's internal follow-up date (not a Decree limit) in digests.
FOLLOW_UP_PAST = "(quá mốc theo dõi nội bộ)"


def follow_up_note(days: int, org_name: str) -> str:
    """An internal follow-up date, worded as the organisation's own (BOT_ORG_NAME), not the
    Decree's."""
    return (
        f"Mốc theo dõi nội bộ của {org_name} ({days:02d} ngày làm việc), không phải thời hạn "
        "do Nghị định quy định."
    )


D_REPORT_TITLE = "Báo cáo kết quả"
D_RESULT = StepText(
    label="Kết quả thực hiện",
    prompt="Kết quả thực hiện đề xuất (đã làm gì, đạt được gì, so với mục tiêu)?",
    hint="20–3000 ký tự.",
)
D_EVALUATE_TITLE = "Đánh giá kết quả"
D_LEVEL = StepText(label="Mức đánh giá", prompt="Kết quả đề xuất được đánh giá ở mức nào?")
D_EVAL_COMMENT = StepText(label="Nhận xét đánh giá", prompt="Nhận xét, đánh giá?")
D_DATE_INVALID = "Vui lòng nhập ngày dạng dd/mm/yyyy, ví dụ: 02/12/2026."
D_NUMBER_INVALID = "Vui lòng nhập một số nguyên từ 0 đến 50."
