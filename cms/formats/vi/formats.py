# Vietnamese date formats for running text: "ngày 10 tháng 1 năm 2027", "17:00, ngày 10 …".
# Django's own start with a capital "Ngày", which reads wrong mid-sentence. Enabled with
# FORMAT_MODULE_PATH = ["cms.formats"]; everything not set here falls back to Django's vi formats.
DATE_FORMAT = r"\n\gà\y j \t\há\n\g n \nă\m Y"
DATETIME_FORMAT = r"H:i, \n\gà\y j \t\há\n\g n \nă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
