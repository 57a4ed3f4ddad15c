-- The wall screen counts today's calls: calls by the time they came in.
CREATE INDEX ix_call_started ON call_record (started_at);
-- The dashboard counts orders overdue now by escalation level: running clocks past their deadline, without reading
-- the clock rows themselves.
CREATE INDEX ix_clock_overdue ON order_clock (status, deadline, `level`, order_id);
