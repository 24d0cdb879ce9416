# desc: fwmark 4294967295 saves as "-f -1" (printf %d), which -R cannot restore (invalid fwmark value, rc 2)
ipvsadm -A -f 4294967295
ipvsadm -a -f 4294967295 -r 10.0.0.2:80 -m
ipvsadm -A -f 3000000000 -6
ipvsadm -Sn > saved
echo "rc=$?"
cat saved
ipvsadm -C
ipvsadm -R < saved
echo "rc=$?"
