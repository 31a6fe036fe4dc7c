-- Version 7: fields that say how far to trust an event.  fatalities_reported tells
-- "0, no toll given" from "0 killed"; background marks history and war-wide summaries
-- (kept, not shown by default); geo_fallback marks a point that is an admin or country
-- centroid standing in for an unknown place; OCHA P-codes of admin1/admin2; review says
-- why a person should check the event.
ALTER TABLE reports ADD COLUMN fatalities_reported BOOLEAN DEFAULT false;
ALTER TABLE reports ADD COLUMN background BOOLEAN DEFAULT false;
ALTER TABLE reports ADD COLUMN geo_fallback BOOLEAN DEFAULT false;
ALTER TABLE reports ADD COLUMN admin1_pcode VARCHAR;
ALTER TABLE reports ADD COLUMN admin2_pcode VARCHAR;
ALTER TABLE reports ADD COLUMN review VARCHAR;
ALTER TABLE events ADD COLUMN fatalities_reported BOOLEAN DEFAULT false;
ALTER TABLE events ADD COLUMN background BOOLEAN DEFAULT false;
ALTER TABLE events ADD COLUMN geo_fallback BOOLEAN DEFAULT false;
ALTER TABLE events ADD COLUMN admin1_pcode VARCHAR;
ALTER TABLE events ADD COLUMN admin2_pcode VARCHAR;
ALTER TABLE events ADD COLUMN review VARCHAR;
