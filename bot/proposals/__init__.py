"""Innovation proposals (đề xuất đổi mới, sáng tạo) following the procedure of NĐ73."""
