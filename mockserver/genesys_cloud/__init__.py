"""The genesys-cloud profile: co-browse communications as the Platform API shows them."""
