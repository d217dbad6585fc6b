-- A person is a party to a case once in each role. Merging cases, splitting them and confirming a person who was a
-- party already each added a second row; keep one (a confirmed one before one recorded before confirmations, then the
-- earliest) and let the database refuse another from now on.
DELETE FROM case_party
WHERE EXISTS (
    SELECT 1 FROM case_party kept
    WHERE kept.case_id = case_party.case_id AND kept.person_id = case_party.person_id AND kept.role = case_party.role
      AND kept.id <> case_party.id
      AND ((kept.confirmed_by IS NOT NULL AND case_party.confirmed_by IS NULL)
           OR ((kept.confirmed_by IS NULL) = (case_party.confirmed_by IS NULL)
               AND (kept.added_at < case_party.added_at OR (kept.added_at = case_party.added_at AND kept.id < case_party.id)))));

CREATE UNIQUE INDEX case_party_once_per_role ON case_party (case_id, person_id, role);
