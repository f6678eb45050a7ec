user_pref("a", "\ud800");
