"""Database access below the services that the ORM does not express well."""
