-- Every staff request resolves the people its account is (People.sameAs), following merged_into: index it.
CREATE INDEX person_merged_into ON person (merged_into);
