# desc: service sort with signed wrap-around: fwmarks 3000000000/4294967295 before other services, 200.x before 10.x, ff00:: before ::1
# The set avoids comparison cycles: the kernel dump order varies per netns, so a cyclic set would list nondeterministically.
ipvsadm -A -f 5
ipvsadm -A -f 100
ipvsadm -A -f 3000000000
ipvsadm -A -f 4294967295
ipvsadm -A -t 10.0.0.1:80
ipvsadm -A -t 10.0.0.1:70
ipvsadm -A -t 200.0.0.1:80
ipvsadm -A -t 250.0.0.1:80
ipvsadm -A -t 60.0.0.1:80
ipvsadm -A -u 10.0.0.1:80
ipvsadm -A -u 200.0.0.1:80
ipvsadm -A -t [fd00::1]:80
ipvsadm -A -t [ff00::1]:80
ipvsadm -A -t [::1]:80
ipvsadm -A -f 7 -6
ipvsadm -Ln
echo "rc=$?"
ipvsadm -Sn
