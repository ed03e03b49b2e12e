-- What happened at the office: a booking is confirmed, then cancelled, attended or missed
-- (status 'attended' or 'no_show', set by the registry). A divorce runs in two stages: the
-- first appointment is the application, received on received_on (a date, China time), and the
-- second stage, booked inside the window that follows the cooling-off period, names the first.

ALTER TABLE bookings ADD COLUMN stage INTEGER NOT NULL DEFAULT 1;
ALTER TABLE bookings ADD COLUMN first_code TEXT REFERENCES bookings(code);
ALTER TABLE bookings ADD COLUMN received_on TEXT;
CREATE INDEX bookings_by_first_code ON bookings (first_code);
