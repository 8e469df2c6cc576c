from tangkal.connectors.facebook.connector import CONNECTOR

post_url_check = CONNECTOR.post_url_check
post_url_belongs_to = CONNECTOR.post_url_belongs_to
normalise = CONNECTOR.normalise
